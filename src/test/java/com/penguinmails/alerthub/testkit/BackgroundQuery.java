package com.penguinmails.alerthub.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A long-running {@code SELECT pg_sleep(n)} from a penguinmails-app session, on its own thread and connection. */
public final class BackgroundQuery implements AutoCloseable {

    private static final long JOIN_MILLIS = 10_000;

    private final Connection connection;
    private final int pid;
    private final Thread runner;

    private BackgroundQuery(Connection connection, int pid, int seconds) {
        this.connection = connection;
        this.pid = pid;
        this.runner = new Thread(() -> sleep(seconds), "slow-query-" + pid);
        runner.setDaemon(true);
        runner.start();
    }

    static BackgroundQuery start(String database, int seconds) throws SQLException {
        Connection connection = Pg.connect(database, Pg.APP);
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return new BackgroundQuery(connection, rs.getInt(1), seconds);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** The backend running the query, as pg_stat_activity.pid shows it. */
    public int pid() {
        return pid;
    }

    /** pg_cancel_backend on the query's backend; true if a backend with that pid was signalled. */
    public boolean cancel() throws SQLException {
        try (Connection admin = Pg.connect(Pg.MAINTENANCE_DB, Pg.ADMIN_APP);
                PreparedStatement statement = admin.prepareStatement("SELECT pg_cancel_backend(?)")) {
            statement.setInt(1, pid);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Cancels the query, waits for its thread to see that, then closes the session. */
    @Override
    public void close() throws SQLException {
        try {
            cancel();
            runner.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
        }
    }

    private void sleep(int seconds) {
        // A literal rather than a bind parameter, so pg_stat_activity shows the real query text.
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_sleep(" + seconds + ")");
        } catch (SQLException cancelledOrTerminated) {
            // The usual ending: close() cancels it, or the database is dropped under it.
        }
    }
}
