package org.capif.common.event;

/** Whether an invoker may use CAPIF: only {@link #ACTIVE} invokers get security contexts and tokens. */
public enum InvokerStatus {
    ACTIVE,
    OFFBOARDED
}
