package com.penguinmails.alerthub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.DriverManager;
import java.time.Duration;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TestkitBlackholeServerTest {

    @Test
    void httpClientTimesOutAgainstABlackhole() throws Exception {
        try (BlackholeServer blackhole = BlackholeServer.start()) {
            String url = "http://127.0.0.1:" + blackhole.port() + "/v2/enqueue";

            assertThatThrownBy(() -> Http.post(url, "{}", Duration.ofMillis(500))).isInstanceOf(HttpTimeoutException.class);
            assertThat(blackhole.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void socketReadsStallUntilTheirTimeout() throws Exception {
        try (BlackholeServer blackhole = BlackholeServer.start(); Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", blackhole.port()), 1000);
            socket.setSoTimeout(200);

            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void jdbcLoginTimesOutAgainstABlackhole() throws Exception {
        try (BlackholeServer blackhole = BlackholeServer.start()) {
            Properties properties = new Properties();
            properties.setProperty("user", "alerthub_monitor");
            properties.setProperty("socketTimeout", "1");
            properties.setProperty("sslmode", "disable");

            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + blackhole.port() + "/x", properties))
                    .isInstanceOf(SQLException.class)
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closedPortRefusesConnections() {
        int port = Ports.closedPort();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
