package com.penguinmails.alerthub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Loopback addressing shared by the fakes, which must never listen beyond this machine. */
public final class Ports {

    /** 127.0.0.1 literally: getLoopbackAddress() may answer ::1 and the URLs we hand out say 127.0.0.1. */
    static final InetAddress LOOPBACK = ipv4Loopback();

    private Ports() {
    }

    /**
     * A 127.0.0.1 port that was just bound and released, so connecting to it is refused.
     * Another process could grab it meanwhile; ephemeral ports are rarely reused that fast.
     */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 127.0.0.1 port free to listen on (bound and released, as {@link #closedPort()}). */
    public static int freePort() {
        return closedPort();
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
