package io.maintkit.core;

import io.maintkit.core.internal.InProcessLock;

import java.util.Objects;

import org.slf4j.LoggerFactory;

/**
 * Makes work that changes things run on one node of a fleet at a time: the first to take the lock runs, the others
 * skip at once and say who holds it. {@link ExecutionOptions#lock(ExecutionLock)} makes
 * {@link MaintenancePlan#execute(ExecutionOptions)} take the lock named after the plan before its first action.
 *
 * <p>Implementations native to the systems maintkit talks to live in their modules (a PostgreSQL advisory lock, a
 * MariaDB/MySQL {@code GET_LOCK}, a Redis lease); {@link #inProcess()} serves a single JVM.
 */
public interface ExecutionLock {

    /**
     * Takes the lock if no one holds it, without waiting.
     *
     * @param name  what is locked, e.g. the plan's name ({@code vacuum app@db-1})
     * @param owner who asks, named for the others' reports ({@code host-2 pid 4711})
     * @return the lock to {@link Attempt#close() close} when the work is done, or who holds it
     * @throws Exception when the lock's store cannot be reached: the work does not run
     */
    Attempt tryLock(String name, String owner) throws Exception;

    /**
     * A lock held within this JVM only: for a single instance with several schedulers, and for tests.
     *
     * @return a new lock table, shared by whoever holds this instance
     */
    static ExecutionLock inProcess() {
        return new InProcessLock();
    }

    /** The outcome of {@link #tryLock}: held, to be closed when the work is done, or held by someone else. */
    final class Attempt implements AutoCloseable {

        /** What gives a held lock back. */
        @FunctionalInterface
        public interface Release {
            /**
             * Gives the lock back.
             *
             * @throws Exception when the store cannot be reached (the lock then expires as the store allows)
             */
            void release() throws Exception;
        }

        private final Release release;
        private final String holder;

        private Attempt(Release release, String holder) {
            this.release = release;
            this.holder = holder;
        }

        /**
         * A lock taken.
         *
         * @param release what gives it back
         * @return the attempt
         */
        public static Attempt acquired(Release release) {
            return new Attempt(Objects.requireNonNull(release, "release"), null);
        }

        /**
         * A lock someone else holds.
         *
         * @param holder who holds it, as far as the store can tell ({@code host-1 pid 812 since 02:00:03Z})
         * @return the attempt
         */
        public static Attempt heldBy(String holder) {
            return new Attempt(null, Objects.requireNonNull(holder, "holder"));
        }

        /**
         * Whether the lock was taken.
         *
         * @return true when this attempt holds the lock
         */
        public boolean acquired() {
            return release != null;
        }

        /**
         * Who holds the lock when it was not taken.
         *
         * @return the holder; empty when this attempt holds the lock
         */
        public String holder() {
            return holder == null ? "" : holder;
        }

        /** Gives a held lock back; does nothing for a lock held elsewhere. A failure to release is logged. */
        @Override
        public void close() {
            if (release != null) {
                try {
                    release.release();
                } catch (Exception e) {
                    LoggerFactory.getLogger(ExecutionLock.class)
                            .warn("could not release an execution lock: {}", e.toString());
                }
            }
        }
    }
}
