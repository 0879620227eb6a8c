package io.pgairbytesync.doctor;

import java.io.PrintStream;

import org.apache.camel.CamelContext;

/**
 * {@code --doctor}: checks the configuration without starting the schedule, through the routes of 6-doctor.yaml.
 * Reaches both databases and Airbyte (and its token), finds every table and cursor column of every connection block,
 * warns about cursor columns without an index, reads each connection's status and schema policy in Airbyte, and prints
 * what is fine and what to fix. Exit code 0 only when everything is fine.
 */
public final class Doctor {

    private final CamelContext camel;

    public Doctor(CamelContext camel) {
        this.camel = camel;
    }

    /** Runs every check, prints the report, and returns the exit code (0 = all fine, 1 = something to fix). */
    public int run(PrintStream out) {
        return camel.createFluentProducerTemplate().to("direct:doctor").request(DoctorReport.class).print(out);
    }
}
