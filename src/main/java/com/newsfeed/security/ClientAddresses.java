package com.newsfeed.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The client address a login is counted under: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber's prefix, which hands its holder 2^64 addresses to rotate through).
 */
final class ClientAddresses {

    private ClientAddresses() {
    }

    static String group(String address) {
        if (address == null || address.indexOf(':') < 0 || !address.matches("[0-9A-Fa-f:.]+")) {
            return String.valueOf(address);
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal (checked above): no DNS lookup
            if (bytes.length != 16) {
                return address;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
