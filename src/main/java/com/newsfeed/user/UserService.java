package com.newsfeed.user;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.newsfeed.cache.CacheReads;
import com.newsfeed.cache.CachedValue;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.security.Caller;
import com.newsfeed.system.ConflictException;
import com.newsfeed.system.InvalidFieldException;
import com.newsfeed.system.ResourceNotFoundException;

/** Users: the one place a profile is read by id (through its cache), and the writes that change one. */
@Service
public class UserService {

    private final UserRepository users;
    private final LayeredCache<UserProfile> profiles;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transactions;
    private final Clock clock;

    UserService(UserRepository users, LayeredCache<UserProfile> profiles, PasswordEncoder passwords,
            TransactionTemplate transactions, Clock clock) {
        this.users = users;
        this.profiles = profiles;
        this.passwords = passwords;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The public profile of an enabled user, with its JSON; empty for an unknown or disabled one. */
    public Optional<CachedValue<UserProfile>> findProfile(long id) {
        return profiles.get(id);
    }

    /** Adds the profile to a batch of cache reads (an article detail reads its author with its own parts). */
    public CacheReads.Part<UserProfile> addProfile(CacheReads.Batch batch, long id) {
        return batch.add(profiles, id);
    }

    /** The same profile read straight from the database, past every cache level (the benchmark's baselines). */
    @Transactional(readOnly = true)
    public Optional<UserProfile> loadProfile(long id) {
        return users.findProfile(id);
    }

    /** Many enabled users' public profiles straight from the database, by id (the benchmark's baselines). */
    @Transactional(readOnly = true)
    public Map<Long, UserProfile> loadProfiles(Collection<Long> ids) {
        return users.findProfiles(Set.copyOf(ids)).stream()
                .collect(Collectors.toMap(UserProfile::id, profile -> profile));
    }

    public CachedValue<UserProfile> getProfile(long id) {
        return findProfile(id).orElseThrow(() -> new ResourceNotFoundException("user", id));
    }

    /** Signing up. The password is hashed before the transaction: bcrypt's tens of milliseconds hold no connection. */
    public UserProfile create(CreateUserRequest request) {
        if (request.password().getBytes(StandardCharsets.UTF_8).length > AccountService.MAX_PASSWORD_BYTES) {
            throw new InvalidFieldException("password", "must be at most 72 bytes in UTF-8 (what bcrypt reads)");
        }
        String passwordHash = passwords.encode(request.password());
        return transactions.execute(status -> insert(request, passwordHash));
    }

    private UserProfile insert(CreateUserRequest request, String passwordHash) {
        if (users.existsByMobile(request.mobile())) {
            throw new ConflictException("A user with this mobile number already exists.");
        }
        User user = new User(request.name().strip(), request.mobile(), passwordHash, clock.instant());
        user.setPhoto(request.photo());
        user.setIntro(request.intro());
        if (request.gender() != null) {
            user.setGender(request.gender());
        }
        user.setBirthday(request.birthday());
        try {
            user = users.saveAndFlush(user);
        } catch (DataIntegrityViolationException raceOnMobile) {
            throw new ConflictException("A user with this mobile number already exists.");
        }
        profiles.created(user.getId());
        return UserProfile.of(user);
    }

    @Transactional
    public UserProfile update(long id, UpdateUserRequest request, Caller caller) {
        User user = users.findById(id).orElseThrow(() -> new ResourceNotFoundException("user", id));
        caller.requireOwnerOrAdmin(user.getId(), "profile");
        if (request.status() != null || request.isMedia() != null || request.certification() != null) {
            caller.requireAdmin("set status, isMedia or certification");
        }
        Set<String> changed = new LinkedHashSet<>();
        if (request.name() != null) {
            user.setName(request.name().strip());
            changed.add("name");
        }
        if (request.photo() != null) {
            user.setPhoto(request.photo());
            changed.add("photo");
        }
        if (request.intro() != null) {
            user.setIntro(request.intro());
            changed.add("intro");
        }
        if (request.certification() != null) {
            user.setCertification(request.certification());
            changed.add("certification");
        }
        if (request.isMedia() != null) {
            user.setMedia(request.isMedia());
            changed.add("isMedia");
        }
        if (request.gender() != null) {
            user.setGender(request.gender());
            changed.add("gender");
        }
        if (request.birthday() != null) {
            user.setBirthday(request.birthday());
            changed.add("birthday");
        }
        boolean visibilityChanged = request.status() != null && request.status() != user.getStatus();
        if (request.status() != null) {
            user.setStatus(request.status());
        }
        user.touch(clock.instant());
        UserProfile updated = UserProfile.of(users.saveAndFlush(user));
        if (visibilityChanged || !user.isEnabled()) {
            profiles.evictAfterCommit(id); // the profile appears or disappears: no field update says that
        } else {
            changed.add("version");
            profiles.updateAfterCommit(id, updated, changed);
        }
        return updated;
    }
}
