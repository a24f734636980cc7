package com.penguinmails.alerthub.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP port on 127.0.0.1 that accepts connections and then says nothing, ever: the shape of a
 * hung database or HTTP peer, which only a client's own timeouts can get it out of.
 */
public final class BlackholeServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;

    private BlackholeServer(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptForever, "blackhole-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static BlackholeServer start() {
        try {
            return new BlackholeServer(new ServerSocket(0, 50, Ports.LOOPBACK));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public synchronized int acceptedCount() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            // Joined first so no socket is accepted after the ones below are closed.
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    private void acceptForever() {
        try {
            while (true) {
                // Kept, never read: an unread socket is what makes the peer's writes and reads stall.
                Socket socket = server.accept();
                synchronized (this) {
                    accepted.add(socket);
                }
            }
        } catch (IOException closed) {
            // close() shut the server socket: the way this loop is meant to end.
        }
    }
}
