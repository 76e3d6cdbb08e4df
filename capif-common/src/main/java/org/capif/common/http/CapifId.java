package org.capif.common.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JAX-RS query parameter whose value is a CAPIF identifier (an API invoker, AEF or API id), so that
 * {@link RequestEdgeFilter} refuses anything outside the identifier alphabet before the operation runs. Path parameters
 * need no mark: every path parameter of the CAPIF APIs is an identifier and all of them are checked.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface CapifId {}
