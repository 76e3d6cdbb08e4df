package org.capif.common.event;

/** Whether a service API is published; an unpublished API can be neither granted, discovered nor invoked. */
public enum ServiceApiStatus {
    PUBLISHED,
    UNPUBLISHED
}
