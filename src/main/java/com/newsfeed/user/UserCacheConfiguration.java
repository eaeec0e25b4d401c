package com.newsfeed.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Limit;

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
                .loader(EntityLoader.of(
                        users::findProfile,
                        users::findProfiles,
                        UserProfile::id))
                .newestIds(count -> users.findNewestIds(Limit.of(count)))
                .build();
    }
}
