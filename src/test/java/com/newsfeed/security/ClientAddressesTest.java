package com.newsfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    @Test
    void ipv4_isItself_andIpv6_isItsSlash64() {
        assertThat(ClientAddresses.group("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddresses.group("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddresses.group("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddresses.group("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
    }
}
