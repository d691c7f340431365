/**
 * Confidentiality profiles (PS3.15 Annex E): the action table, options, per-tag overrides, keyed UID, date and
 * patient pseudonyms, the key file, and the record of what was done.
 *
 * <p>Must not know: networks, faces.
 */
package org.dmask.deid;
