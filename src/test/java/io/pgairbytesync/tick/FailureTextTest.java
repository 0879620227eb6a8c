package io.pgairbytesync.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

/** Which failures are a database that did not answer in time (and so name its network timeout), and which are not. */
class FailureTextTest {

    @Test
    void aDatabaseThatDidNotAnswerIsTheDriversOrThePoolsTimeoutUnderAnSqlException() {
        SocketTimeoutException read = new SocketTimeoutException("Read timed out");
        assertThat(FailureText.noAnswer(new RuntimeException("PreparedStatementCallback",
                new SQLException("An I/O error occurred while sending to the backend.", "08006", read)))).isTrue();
        assertThat(FailureText.noAnswer(new SQLException("Connection attempt timed out.", "08001"))).isTrue();
        assertThat(FailureText.noAnswer(new SQLException("Cannot get a connection, pool error Timeout waiting for idle object",
                new NoSuchElementException("Timeout waiting for idle object, borrowMaxWaitDuration=PT2S")))).isTrue();

        assertThat(FailureText.noAnswer(new RuntimeException("Airbyte call", read))).as("an HTTP read timeout: not a database").isFalse();
        assertThat(FailureText.noAnswer(new SQLException("Connection to localhost:5432 refused.", "08001")))
                .as("a database that is down answers at once").isFalse();
        assertThat(FailureText.noAnswer(new SQLException("canceling statement due to statement timeout", "57014"))).isFalse();
    }
}
