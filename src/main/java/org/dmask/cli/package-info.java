/**
 * The {@code dmask} command line, on picocli: the commands are listed in {@code Dmask}; {@code Cli} parses, prints
 * help and usage errors and turns failures into one line and an exit code; {@code DmaskMain} runs the commands that
 * need no application at once and starts Quarkus for the others, which are CDI beans.
 */
package org.dmask.cli;
