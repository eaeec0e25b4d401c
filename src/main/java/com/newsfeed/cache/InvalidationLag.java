package com.newsfeed.cache;

/**
 * How late other instances' invalidation messages reach this one: from the writer sending a message to this
 * instance evicting its L1 copy, by the two instances' clocks (a skew between them adds to it, or, as a lag is
 * never below 0, hides it). Changes whose message was lost reach this instance through the outbox tail instead, and
 * are not counted here.
 *
 * @param received  messages from other instances applied here since start
 * @param p50Millis the median over the lag timer's recent window
 * @param p99Millis the 99th percentile over that window
 * @param maxMillis the longest in the timer's decaying window (about two minutes)
 */
public record InvalidationLag(long received, double p50Millis, double p99Millis, double maxMillis) {
}
