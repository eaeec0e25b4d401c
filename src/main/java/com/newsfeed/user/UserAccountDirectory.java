package com.newsfeed.user;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.newsfeed.security.AccountDirectory;
import com.newsfeed.security.Role;

/** Accounts' current role and status, read by primary key for every write and every admin request. */
@Component
class UserAccountDirectory implements AccountDirectory {

    private final UserRepository users;

    UserAccountDirectory(UserRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Role> activeRole(long userId) {
        return users.findById(userId).filter(User::isEnabled).map(User::getRole);
    }
}
