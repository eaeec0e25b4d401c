package com.newsfeed.channel;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface ChannelRepository extends JpaRepository<Channel, Integer> {

    List<Channel> findByVisibleTrueOrderBySequenceAscIdAsc();
}
