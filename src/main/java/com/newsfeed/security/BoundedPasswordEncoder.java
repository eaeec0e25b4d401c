package com.newsfeed.security;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that runs at most {@code permits} hashes at once. A bcrypt hash costs tens of milliseconds of
 * CPU by design, so a flood of logins or sign-ups would otherwise take every core from the reads; beyond the bound a
 * caller waits a moment and is then refused with 503 ({@link PasswordChecksBusyException}).
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Semaphore permits;
    private final long waitMillis;

    BoundedPasswordEncoder(PasswordEncoder delegate, int permits, long waitMillis) {
        this.delegate = delegate;
        this.permits = new Semaphore(permits);
        this.waitMillis = waitMillis;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        acquire();
        try {
            return delegate.encode(rawPassword);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        acquire();
        try {
            return delegate.matches(rawPassword, encodedPassword);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private void acquire() {
        try {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new PasswordChecksBusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PasswordChecksBusyException();
        }
    }

    /** Every password check slot stayed taken for the whole wait: 503 with Retry-After. */
    static final class PasswordChecksBusyException extends RuntimeException {

        PasswordChecksBusyException() {
            super("password checks busy");
        }
    }
}
