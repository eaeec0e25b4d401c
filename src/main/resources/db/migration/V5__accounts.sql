-- Accounts: a password hash (Spring Security's delegating encoder, "{bcrypt}..."; NULL: the account cannot log in
-- until a password is set) and one role. Existing users keep their rows and become readers.
ALTER TABLE users ADD COLUMN password_hash VARCHAR(100);
ALTER TABLE users ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'USER';
