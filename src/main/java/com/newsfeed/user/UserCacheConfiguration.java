package com.newsfeed.user;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.newsfeed.cache.CacheFactory;
import com.newsfeed.cache.EntityLoader;
import com.newsfeed.cache.LayeredCache;

/**
 * The public profile cache: Toutiao's {@code user:{id}:profile}, a Redis hash by default, so a profile edit writes
 * just the changed fields in place (guarded by the row version) instead of deleting the entry.
 */
@Configuration(proxyBeanMethods = false)
class UserCacheConfiguration {

    @Bean
    LayeredCache<UserProfile> userProfileCache(CacheFactory caches, UserRepository users) {
        return caches.cache("user-profile", UserProfile.class)
                .keyPattern("user:{id}:profile")
                .rowVersion(UserProfile::version)
                .bloomFilter(caches.bloomFilter("users", sink -> users.findAllIds().forEach(sink::accept)))
                .loader(new EntityLoader<>() {
                    @Override
                    public Optional<UserProfile> load(long id) {
                        return users.findById(id).filter(User::isEnabled).map(UserProfile::of);
                    }

                    @Override
                    public Map<Long, UserProfile> loadAll(Collection<Long> ids) {
                        return users.findAllById(ids).stream().filter(User::isEnabled).map(UserProfile::of)
                                .collect(Collectors.toMap(UserProfile::id, Function.identity()));
                    }
                })
                .build();
    }
}
