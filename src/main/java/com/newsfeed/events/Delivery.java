package com.newsfeed.events;

import java.util.List;

import org.springframework.amqp.core.Message;

/**
 * One message as a consumer receives it: its id (the same on every delivery of it, and on every send of it), and
 * the events it carries, decoded.
 *
 * @param message the message itself, for dead-lettering it
 */
public record Delivery<E>(String messageId, List<E> events, Message message) {
}
