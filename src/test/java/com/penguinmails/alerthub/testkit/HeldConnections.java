package com.penguinmails.alerthub.testkit;

import java.sql.Connection;
import java.sql.SQLException;
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

    @Override
    public void close() throws SQLException {
        SQLException failure = new SQLException("closing held connections failed");
        closeAll(connections, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
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
