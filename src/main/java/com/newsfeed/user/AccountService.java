package com.newsfeed.user;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.newsfeed.security.LoginThrottle;
import com.newsfeed.security.Role;
import com.newsfeed.security.TokenService;
import com.newsfeed.system.ResourceNotFoundException;

/**
 * Logging in and refreshing. The password check is Spring Security's {@link DaoAuthenticationProvider}: an unknown
 * number costs the same bcrypt comparison as a known one, so timing does not tell which numbers have accounts. Every
 * attempt is counted by the {@link LoginThrottle} before its password is checked.
 */
@Service
public class AccountService {

    /** bcrypt compares the first 72 bytes only: a longer password could be "matched" by its prefix. */
    static final int MAX_PASSWORD_BYTES = 72;

    private final UserRepository users;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final AuthenticationManager passwords;

    AccountService(UserRepository users, TokenService tokens, LoginThrottle throttle, PasswordEncoder encoder) {
        this.users = users;
        this.tokens = tokens;
        this.throttle = throttle;
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(this::accountOf);
        provider.setPasswordEncoder(encoder);
        this.passwords = new ProviderManager(provider);
    }

    /**
     * Not one transaction: the account is read in a short one of its own, and the bcrypt check (tens of
     * milliseconds) runs holding no database connection. A disabled account gets the same 401 as a wrong password,
     * so a guessed password is never confirmed.
     */
    public TokenService.Tokens login(LoginRequest request, String clientAddress) {
        LoginThrottle.Attempt attempt = throttle.begin(request.mobile(), clientAddress);
        if (request.password().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new BadCredentialsException("password longer than bcrypt reads");
        }
        Account account;
        try {
            account = (Account) passwords.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(request.mobile(), request.password()))
                    .getPrincipal();
        } catch (BadCredentialsException wrong) {
            throw wrong; // a failed attempt: it stays counted
        } catch (RuntimeException unchecked) { // checks busy, the database down: no verdict on the password
            throttle.cancelled(attempt);
            throw unchecked;
        }
        if (account.status() != UserStatus.ENABLED) {
            throw new BadCredentialsException("disabled account");
        }
        throttle.succeeded(attempt);
        return tokens.issue(account.id(), account.role());
    }

    /** A new access token for a refresh token's user, with the role and status they have now. */
    @Transactional(readOnly = true)
    public RefreshedToken refresh(long userId) {
        User user = users.findById(userId).orElseThrow(() -> new BadCredentialsException("no such account"));
        if (!user.isEnabled() || user.getPasswordHash() == null) {
            throw new AccessDeniedException("This account is disabled.");
        }
        return new RefreshedToken(tokens.accessToken(user.getId(), user.getRole()));
    }

    @Transactional(readOnly = true)
    public OwnProfile ownProfile(long userId) {
        return users.findById(userId).map(OwnProfile::of)
                .orElseThrow(() -> new ResourceNotFoundException("user", userId));
    }

    private Account accountOf(String mobile) {
        return users.findByMobile(mobile).filter(user -> user.getPasswordHash() != null)
                .map(user -> new Account(user.getId(), mobile, user.getPasswordHash(), user.getRole(),
                        user.getStatus()))
                .orElseThrow(() -> new UsernameNotFoundException("no account with a password for this number"));
    }

    /** What the password check needs of a user; the status is checked only once the password matched. */
    private record Account(long id, String mobile, String passwordHash, Role role, UserStatus status)
            implements UserDetails {

        @Override
        public Collection<? extends GrantedAuthority> getAuthorities() {
            return List.of(() -> "ROLE_" + role.name());
        }

        @Override
        public String getPassword() {
            return passwordHash;
        }

        @Override
        public String getUsername() {
            return mobile;
        }
    }
}
