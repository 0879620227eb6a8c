package io.pgairbytesync.doctor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.pgairbytesync.tick.FailureText;

/** What one --doctor run found (exchange property {@value #PROPERTY} of the doctor routes), and its printed report. */
public final class DoctorReport {

    /** The exchange property that carries the report through the doctor routes. */
    public static final String PROPERTY = "doctorReport";

    private final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());

    public void add(Finding finding) {
        findings.add(finding);
    }

    public List<Finding> findings() {
        synchronized (findings) {
            return List.copyOf(findings);
        }
    }

    /** Prints the report; returns the exit code: 0 only when every check is fine, 1 when something is to fix or warned. */
    public int print(PrintStream out) {
        List<Finding> all = findings();
        out.println();
        out.println("pg-airbyte-sync doctor");
        out.println("----------------------");
        for (Finding f : all) {
            out.printf(Locale.ROOT, "%-4s  %-40s  %s%n", f.level(), f.check(), f.detail());
        }
        long fails = all.stream().filter(f -> f.level() == Finding.Level.FAIL).count();
        long warns = all.stream().filter(f -> f.level() == Finding.Level.WARN).count();
        out.printf(Locale.ROOT, "%n%d check(s): %d to fix, %d warning(s)%n", all.size(), fails, warns);
        return fails + warns == 0 ? 0 : 1;
    }

    static String why(Throwable failure) {
        return new FailureText().of(failure);
    }
}
