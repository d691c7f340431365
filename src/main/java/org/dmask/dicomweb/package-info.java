/**
 * STOW-RS (PS3.18): the server resource that spools and checks each part before it is counted as stored, the
 * client of {@code dmask send}, and the multipart/related reader.
 *
 * <p>Must not know: Camel internals, or who is allowed to upload (the HTTP permissions say that).
 */
package org.dmask.dicomweb;
