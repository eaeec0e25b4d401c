package com.newsfeed.system;

import java.util.List;

import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts an AMQP 0-9-1 broker in this process (Qpid Broker-J, in memory) on a free loopback port, so that
 * {@code ./mvnw spring-boot:run} and the tests need no RabbitMQ installed, and points Spring AMQP at it. Off in
 * the {@code mysql} profile, which uses a real RabbitMQ through the standard {@code spring.rabbitmq.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "newsfeed.embedded-broker.enabled", havingValue = "true")
class EmbeddedBrokerConfiguration {

    @Bean(destroyMethod = "stop")
    EmbeddedBroker embeddedBroker() {
        return EmbeddedBroker.startOnFreePort();
    }

    /** Replaces the property-based connection details: the port is only known once the broker runs. */
    @Bean
    RabbitConnectionDetails embeddedBrokerConnectionDetails(EmbeddedBroker broker) {
        return new RabbitConnectionDetails() {
            @Override
            public List<Address> getAddresses() {
                return List.of(new Address(EmbeddedBroker.HOST, broker.port()));
            }

            @Override
            public String getUsername() {
                return EmbeddedBroker.USER;
            }

            @Override
            public String getPassword() {
                return EmbeddedBroker.USER;
            }

            @Override
            public String getVirtualHost() {
                return "/";
            }
        };
    }
}
