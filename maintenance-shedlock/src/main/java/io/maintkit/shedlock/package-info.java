/**
 * {@link io.maintkit.shedlock.ShedLockExecutionLock}: maintkit's {@link io.maintkit.core.ExecutionLock} over a
 * ShedLock {@code LockProvider}.
 */
package io.maintkit.shedlock;
