package io.pgairbytesync.doctor;

/** One line of the doctor's report. */
public record Finding(Level level, String check, String detail) {

    public enum Level { OK, WARN, FAIL }

    public static Finding ok(String check, String detail) {
        return new Finding(Level.OK, check, detail);
    }

    public static Finding warn(String check, String detail) {
        return new Finding(Level.WARN, check, detail);
    }

    public static Finding fail(String check, String detail) {
        return new Finding(Level.FAIL, check, detail);
    }
}
