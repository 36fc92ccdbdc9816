-- A change of email address waits for a link sent to the new address ('email_change'
-- tokens, holding the address asked for): a member can't take over an address they don't
-- read, nor learn from the answer whether it has an account.
ALTER TABLE login_tokens DROP CONSTRAINT login_tokens_purpose_check;
ALTER TABLE login_tokens ADD CONSTRAINT login_tokens_purpose_check CHECK (purpose IN ('sign_in', 'invite', 'setup', 'email_change'));
ALTER TABLE login_tokens ADD COLUMN new_email TEXT;
