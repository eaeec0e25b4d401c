package com.newsfeed.user;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, Long> {

    boolean existsByMobile(String mobile);

    /** Every id, for the bloom filter. */
    @Query("select u.id from User u")
    List<Long> findAllIds();
}
