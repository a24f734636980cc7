package com.penguinmails.alerthub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plain SQL on the state store, portable between H2 and PostgreSQL. Every statement joins the transaction open on
 * the calling thread ({@link #inTransaction}), so an alert change and the notifications it causes commit together.
 */
public final class Jdbc {

    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * A list bound as one SQL array parameter ({@code id = ANY(?)}, {@code lane <> ALL(?)}), H2 and PostgreSQL alike.
     * One statement text for any number of values: the databases parse and plan it once, where an {@code IN (?, ?, ...)}
     * of each length is a statement of its own.
     */
    public record SqlArray(String type, Object[] values) {
        public static SqlArray longs(Collection<Long> values) {
            return new SqlArray("BIGINT", values.toArray());
        }

        public static SqlArray texts(Collection<String> values) {
            return new SqlArray("VARCHAR", values.toArray());
        }
    }

    private final DataSource dataSource;
    private final TransactionTemplate tx;

    public Jdbc(DataSource pool) {
        // inside a transaction the proxy hands out the transaction's connection and ignores close()
        this.dataSource = new TransactionAwareDataSourceProxy(pool);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    /** Runs {@code work} in one transaction, or inside the one already open on this thread. */
    public <T> T inTransaction(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    /** One connection for several statements, in a transaction of its own or the caller's. */
    public <T> T withConnection(String what, Work<T> work) {
        return inTransaction(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                throw new StoreException("cannot " + what, e);
            }
        });
    }

    public <T> List<T> query(String sql, Object[] args, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("store query failed: " + sql, e);
        }
    }

    /** @return the number of rows changed */
    public int execute(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("store update failed: " + sql, e);
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object v = args[i];
            if (v instanceof SqlArray a) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf(a.type(), a.values()));
            } else if (v instanceof Instant t) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            } else if (v instanceof String s) {
                ps.setString(i + 1, s);
            } else if (v == null) {
                // untyped: a NULL typed VARCHAR is refused by PostgreSQL for the timestamp columns
                ps.setNull(i + 1, java.sql.Types.NULL);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
