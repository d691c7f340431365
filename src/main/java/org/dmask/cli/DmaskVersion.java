package org.dmask.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code dmask --version}: the project version, written into version.properties by the build. */
public class DmaskVersion implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = DmaskVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {"dmask " + p.getProperty("version", "(version unknown: not built by Maven)")
                + ", Java " + System.getProperty("java.version")};
    }
}
