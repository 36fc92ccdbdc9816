//! Keeps sends under a gateway's rate: each send takes the next free slot, `gap` after the
//! one before, shared by every worker lane.
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

pub struct Pacer {
    gap: Duration,
    next: Mutex<Instant>,
}

impl Pacer {
    pub fn per_second(rate: f64) -> Pacer {
        let gap = if rate > 0.0 {
            Duration::from_secs_f64(1.0 / rate)
        } else {
            Duration::ZERO
        };
        Pacer {
            gap,
            next: Mutex::new(Instant::now()),
        }
    }

    /// Waits for this send's slot.
    pub async fn wait(&self) {
        let at = {
            let mut next = self.next.lock().await;
            let at = (*next).max(Instant::now());
            *next = at + self.gap;
            at
        };
        tokio::time::sleep_until(at).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sends_are_spaced_at_the_rate_however_many_ask_at_once() {
        let pacer = std::sync::Arc::new(Pacer::per_second(50.0));
        let started = Instant::now();
        let mut waits = Vec::new();
        for _ in 0..5 {
            let pacer = pacer.clone();
            waits.push(tokio::spawn(async move {
                pacer.wait().await;
                Instant::now() - started
            }));
        }
        let mut at = Vec::new();
        for w in waits {
            at.push(w.await.unwrap());
        }
        at.sort();
        // 50 a second: a slot every 20 ms, and no send before its slot.
        for (i, when) in at.iter().enumerate() {
            assert!(*when >= Duration::from_millis(20 * i as u64), "{at:?}");
        }
    }
}
