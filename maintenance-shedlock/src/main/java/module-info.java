/**
 * A maintkit fleet lock over the host's ShedLock {@code LockProvider}, for hosts that already coordinate their jobs
 * with ShedLock.
 */
module io.maintkit.shedlock {
    requires transitive io.maintkit.core;
    requires transitive net.javacrumbs.shedlock.core;

    exports io.maintkit.shedlock;
}
