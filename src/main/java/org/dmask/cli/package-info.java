/**
 * The {@code dmask} commands. Each is a bean; {@code DmaskMain} turns failures into one line and an exit code.
 */
package org.dmask.cli;
