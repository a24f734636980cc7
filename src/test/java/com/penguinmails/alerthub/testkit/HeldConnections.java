package com.penguinmails.alerthub.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Idle sessions posing as PenguinMails (application_name penguinmails-app), to fill up a connection budget. */
public record HeldConnections(List<Connection> connections) implements AutoCloseable {

    public HeldConnections {
        connections = List.copyOf(connections);
    }

    static HeldConnections open(String database, int n) throws SQLException {
        List<Connection> opened = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                opened.add(Pg.connect(database, Pg.APP));
            }
        } catch (SQLException e) {
            closeAll(opened, e);
            throw e;
        }
        return new HeldConnections(opened);
    }

    /**
     * Closes them and waits until their server sessions are gone: a backend leaves pg_stat_activity a moment after
     * its client hung up, and a check run right after close() must not still count it.
     */
    @Override
    public void close() throws SQLException {
        List<Integer> pids = new ArrayList<>();
        for (Connection connection : connections) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pids.add(rs.getInt(1));
            } catch (SQLException e) {
                // already broken: nothing of it to wait for
            }
        }
        SQLException failure = new SQLException("closing held connections failed");
        closeAll(connections, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
        awaitGone(pids);
    }

    private static void awaitGone(List<Integer> pids) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Connection admin = Pg.connect(Pg.MAINTENANCE_DB, Pg.ADMIN_APP);
                PreparedStatement s = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY (?)")) {
            s.setArray(1, admin.createArrayOf("int4", pids.toArray()));
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) return;
                }
                if (System.nanoTime() > deadline) throw new SQLException("held sessions " + pids + " did not end within 10 s");
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for held sessions to end", e);
        }
    }

    /** Closes every connection even if some fail, collecting those failures on {@code failure}. */
    private static void closeAll(List<Connection> connections, SQLException failure) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
