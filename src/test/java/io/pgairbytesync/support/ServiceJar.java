package io.pgairbytesync.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The packaged jar as a process of its own, for the tests whose behaviour crosses a {@code kill -9} or two instances
 * (KillRecoveryTestBase, ClusterIT, ClusterReloadIT): the command, the environment every such instance needs, and a
 * logback.xml that also prints the tick lines.
 */
public final class ServiceJar {

    private ServiceJar() {
    }

    /** {@code java <jvmFlags> -jar target/pg-airbyte-sync.jar}, standard output and error to {@code log}. */
    public static ProcessBuilder process(Path log, String... jvmFlags) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.util.List.of(jvmFlags));
        command.add("-jar");
        command.add(Path.of("target", "pg-airbyte-sync.jar").toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /** The source database (the test server's user), the Airbyte stand-in at {@code airbyteBaseUrl}, a job poll every second. */
    public static ProcessBuilder sourceAndAirbyte(ProcessBuilder pb, String db, String airbyteBaseUrl) {
        pb.environment().put("SOURCE_DB_URL", db);
        pb.environment().put("SOURCE_DB_USER", TestPostgres.get().user());
        pb.environment().put("SOURCE_DB_PASSWORD", TestPostgres.get().password());
        pb.environment().put("AIRBYTE_API_URL", airbyteBaseUrl + "/api/public/v1");
        pb.environment().put("AIRBYTE_POLL_SECONDS", "1");
        return pb;
    }

    /**
     * Writes {@code dir/logback.xml}: the bundled console pattern and secret guard, the tick lines (logger
     * pg-airbyte-sync.ticks) and {@code debugLoggers} at DEBUG, Quartz and the HTTP client at WARN. Returns its path,
     * for {@code -Dlogback.configurationFile=}.
     */
    public static Path tickLogback(Path dir, String... debugLoggers) throws java.io.IOException {
        StringBuilder debug = new StringBuilder("  <logger name=\"pg-airbyte-sync.ticks\" level=\"DEBUG\"/>\n");
        for (String logger : debugLoggers) {
            debug.append("  <logger name=\"").append(logger).append("\" level=\"DEBUG\"/>\n");
        }
        Path file = dir.resolve("logback.xml");
        Files.writeString(file, "<configuration>\n"
                + "  <turboFilter class=\"io.pgairbytesync.logging.SecretLogGuard\"/>\n"
                + "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                + "    <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%logger] %msg%n%ex</pattern></encoder>\n"
                + "  </appender>\n"
                + debug
                + "  <logger name=\"org.quartz\" level=\"WARN\"/>\n"
                + "  <logger name=\"org.apache.hc\" level=\"WARN\"/>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"STDOUT\"/></root>\n"
                + "</configuration>\n");
        return file;
    }
}
