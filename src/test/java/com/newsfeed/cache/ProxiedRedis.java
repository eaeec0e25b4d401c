package com.newsfeed.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.internal.HostAndPort;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.MappingSocketAddressResolver;

/**
 * The shared test Redis behind fault proxies ({@link ChaosProxy}), all switched together: one proxy in front of a
 * server, or one in front of every node of a cluster, with Lettuce's addresses mapped onto them (the topology names
 * the nodes' own ports, which a client would otherwise reach round the proxies). The connection factory is
 * configured as the service's.
 */
final class ProxiedRedis implements AutoCloseable {

    private final List<ChaosProxy> proxies = new ArrayList<>();
    private final LettuceConnectionFactory factory;
    private final ClientResources resources;

    private ProxiedRedis(Duration timeout) {
        try {
            if (!TestRedis.isCluster()) {
                ChaosProxy proxy = new ChaosProxy("127.0.0.1", TestRedis.connectionFactory().getPort());
                proxies.add(proxy);
                resources = null;
                factory = TestRedis.connect("127.0.0.1", proxy.port(), timeout);
                return;
            }
            Map<Integer, Integer> proxyPorts = new HashMap<>();
            for (String node : TestRedis.clusterNodes()) {
                HostAndPort address = HostAndPort.parse(node);
                ChaosProxy proxy = new ChaosProxy(address.getHostText(), address.getPort());
                proxies.add(proxy);
                proxyPorts.put(address.getPort(), proxy.port());
            }
            java.util.function.Function<HostAndPort, HostAndPort> toProxy = address ->
                    proxyPorts.containsKey(address.getPort())
                            ? HostAndPort.of("127.0.0.1", proxyPorts.get(address.getPort())) : address;
            resources = ClientResources.builder()
                    .socketAddressResolver(MappingSocketAddressResolver.create(toProxy)).build();
            factory = TestRedis.connectCluster(timeout, resources);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** The shared test Redis behind proxies that pass everything until told otherwise. */
    static ProxiedRedis open(Duration timeout) {
        return new ProxiedRedis(timeout);
    }

    LettuceConnectionFactory factory() {
        return factory;
    }

    void pass() {
        proxies.forEach(ChaosProxy::pass);
    }

    void blackhole() {
        proxies.forEach(ChaosProxy::blackhole);
    }

    void reset() {
        proxies.forEach(ChaosProxy::reset);
    }

    void delay(Duration delay) {
        proxies.forEach(proxy -> proxy.delay(delay));
    }

    ChaosProxy.Mode mode() {
        return proxies.get(0).mode();
    }

    @Override
    public void close() {
        if (factory != null) {
            factory.destroy();
        }
        if (resources != null) {
            resources.shutdown();
        }
        proxies.forEach(ChaosProxy::close);
    }
}
