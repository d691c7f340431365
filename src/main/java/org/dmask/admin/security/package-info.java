/**
 * Who may do what on the HTTP side: the four roles, the local users file with its password hashes, and the
 * identity sources that map a login to roles.
 *
 * <p>Must not know: how the mask works inside.
 */
package org.dmask.admin.security;
