/**
 * Audit events: JSON lines on disk and, when configured, PS3.15 A.5 messages over syslog (RFC 5424).
 */
package org.dmask.audit;
