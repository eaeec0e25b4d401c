package com.newsfeed.user;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, Long> {

    boolean existsByMobile(String mobile);

    Optional<User> findByMobile(String mobile);

    /** The newest users' ids, newest first: what a warm-up loads. */
    @Query("select u.id from User u order by u.id desc")
    List<Long> findNewestIds(Limit limit);

    /** Every id, for the bloom filter. */
    @Query("select u.id from User u")
    List<Long> findAllIds();

    /** The public profile of an enabled user: what the profile cache loads, and the uncached read. */
    default Optional<UserProfile> findProfile(long id) {
        return findById(id).filter(User::isEnabled).map(UserProfile::of);
    }

    /** The public profiles of the enabled users among these ids, in one query: what the cache's batches load. */
    default List<UserProfile> findProfiles(Collection<Long> ids) {
        return findAllById(ids).stream().filter(User::isEnabled).map(UserProfile::of).toList();
    }
}
