package io.maintkit.core;

import io.maintkit.core.internal.InspectionCheck;

import java.time.Clock;

/**
 * Anything that can look at a system and say what it found. Every primitive offers {@code asCheck()}, so a host
 * can put it in a {@link Suite} and map the result onto its health endpoint.
 *
 * <p>A check never throws: a check that cannot run returns a result whose outcome says so.
 */
public interface Check {

    /** The stable id, {@code <module>.<thing>}: {@code postgres.table-bloat}, {@code certs.expiry}. */
    String id();

    /** What the check looks at, named as an operator would; never carries credentials. */
    String target();

    /** Runs the check once. */
    CheckResult run();

    /**
     * A check from an inspection that returns a {@link Report}. The check times the inspection, and turns an
     * exception into a result that could not run, with the exception's message as the reason.
     */
    static Check of(String id, String target, Inspection<? extends Report> inspection) {
        return of(id, target, Clock.systemUTC(), inspection);
    }

    /** As {@link #of(String, String, Inspection)}, with the clock that stamps the result's start. */
    static Check of(String id, String target, Clock clock, Inspection<? extends Report> inspection) {
        return new InspectionCheck(id, target, inspection, clock);
    }

    /**
     * An inspection that may fail.
     *
     * @param <R> the report it returns
     */
    @FunctionalInterface
    interface Inspection<R extends Report> {
        /** Looks and reports. */
        R inspect() throws Exception;
    }
}
