package org.dmask.route.component;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.dmask.dimse.AeSettings;
import org.dmask.dimse.AssociationLimits;
import org.dmask.dimse.ConnectionLimits;
import org.dmask.dimse.ScpSettings;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.TlsSettings;

/**
 * {@code dicom:AET[@host:port][?options]}. Without {@code @host:port} it is a consumer (SCP) for AE title AET; with
 * it, a producer (SCU) calling AET there.
 */
@UriEndpoint(firstVersion = "4.17.0", scheme = "dicom", title = "DICOM", syntax = "dicom:aet", category = {
        Category.FILE })
public class DicomEndpoint extends DefaultEndpoint {

    @UriPath(description = "AE title, and for a producer @host:port of the peer")
    private final String aet;
    private final String peerHost;
    private final int peerPort;

    @UriParam(description = "SCP: port to listen on", defaultValue = "11112")
    private Integer port;
    @UriParam(description = "SCP: address to bind")
    private String host;
    @UriParam(description = "SCP: the durable spool folder")
    private String spool;
    @UriParam(description = "SCP: associations at once")
    private Integer maxAssociations;
    @UriParam(description = "largest PDU received")
    private Integer maxPduLength;
    @UriParam(description = "SCP: largest data set accepted, in bytes")
    private Long maxObjectSize;
    @UriParam(description = "SCP: calling AE titles allowed (comma separated); empty: anyone")
    private String allowedCallingAets;
    @UriParam(description = "SCU: our calling AE title", defaultValue = "DMASK")
    private String callingAet;
    @UriParam(description = "SCU: association timeout (ARTIM) in ms")
    private Long timeout;
    @UriParam(description = "use TLS (BCP 195)")
    private boolean tls;
    @UriParam(description = "PKCS12/JKS key store with our key and certificate")
    private String keyStore;
    @UriParam(description = "key store password", secret = true)
    private String keyStorePassword;
    @UriParam(defaultValue = "PKCS12")
    private String keyStoreType = "PKCS12";
    @UriParam(description = "trust store with the peer's CA")
    private String trustStore;
    @UriParam(description = "trust store password", secret = true)
    private String trustStorePassword;
    @UriParam(defaultValue = "PKCS12")
    private String trustStoreType = "PKCS12";
    @UriParam(description = "SCP: require a client certificate", defaultValue = "true")
    private boolean clientAuth = true;

    DicomEndpoint(String uri, DicomComponent component, String remaining) {
        super(uri, component);
        int at = remaining.indexOf('@');
        if (at < 0) {
            aet = remaining;
            peerHost = null;
            peerPort = -1;
        } else {
            aet = remaining.substring(0, at);
            String hp = remaining.substring(at + 1);
            int colon = hp.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("dicom producer URI needs AE@host:port: " + uri);
            }
            peerHost = hp.substring(0, colon);
            try {
                peerPort = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + uri);
            }
        }
        if (aet.isEmpty() || aet.length() > 16) {
            throw new IllegalArgumentException("AE title must be 1 to 16 characters: " + uri);
        }
    }

    @Override
    public DicomComponent getComponent() {
        return (DicomComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (peerHost == null) {
            throw new IllegalArgumentException("a dicom producer needs AE@host:port: " + getEndpointUri());
        }
        return new DicomProducer(this, scuSettings(), getComponent().getVideoSettings());
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (peerHost != null) {
            throw new IllegalArgumentException("a dicom consumer listens: use dicom:AET?port=N, not AE@host:port");
        }
        DicomConsumer c = new DicomConsumer(this, processor, scpSettings());
        configureConsumer(c);
        return c;
    }

    ScpSettings scpSettings() {
        ScpSettings base = getComponent().getScpDefaults();
        AeSettings ae = base != null && base.aeTitles().containsKey(aet) ? base.aeTitles().get(aet)
                : AeSettings.acceptAll();
        if (allowedCallingAets != null) {
            ae = ae.withAllowedCallingAETs(Arrays.stream(allowedCallingAets.split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList());
        }
        Map<String, AeSettings> aes = new LinkedHashMap<>();
        aes.put(aet, ae);
        AssociationLimits limits = base != null ? base.limits() : AssociationLimits.defaults();
        if (maxPduLength != null) {
            limits = new AssociationLimits(limits.artim(), limits.idle(), maxPduLength);
        }
        return new ScpSettings(host != null ? host : base != null ? base.host() : "0.0.0.0",
                port != null ? port : base != null ? base.port() : 11112, aes,
                maxAssociations != null ? maxAssociations : base != null ? base.maxAssociations() : 32, limits,
                maxObjectSize != null ? maxObjectSize : base != null ? base.maxObjectSize() : 64L << 30,
                spool != null ? Path.of(spool) : base != null ? base.spoolDirectory() : Path.of("data/spool"),
                tls ? tlsSettings() : base != null ? base.tls() : null,
                base != null ? base.connections() : ConnectionLimits.defaults());
    }

    public ScuSettings scuSettings() {
        ScuSettings base = getComponent().getScuDefaults();
        AssociationLimits limits = base != null ? base.limits() : AssociationLimits.defaults();
        if (timeout != null || maxPduLength != null) {
            limits = new AssociationLimits(timeout != null ? Duration.ofMillis(timeout) : limits.artim(),
                    limits.idle(), maxPduLength != null ? maxPduLength : limits.maxPduLength());
        }
        String calling = callingAet != null ? callingAet : base != null ? base.callingAET() : "DMASK";
        TlsSettings t = tls ? tlsSettings() : base != null ? base.tls() : null;
        return new ScuSettings(peerHost, peerPort, aet, calling, limits, t, null);
    }

    private TlsSettings tlsSettings() {
        return new TlsSettings(keyStore == null ? null : Path.of(keyStore),
                keyStorePassword == null ? null : keyStorePassword.toCharArray(), keyStoreType,
                trustStore == null ? null : Path.of(trustStore),
                trustStorePassword == null ? null : trustStorePassword.toCharArray(), trustStoreType, clientAuth);
    }

    public String getAet() {
        return aet;
    }

    public List<Object> peer() {
        return List.of(peerHost, peerPort);
    }

    public Integer getPort() { return port; }
    public void setPort(Integer port) { this.port = port; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public String getSpool() { return spool; }
    public void setSpool(String spool) { this.spool = spool; }
    public Integer getMaxAssociations() { return maxAssociations; }
    public void setMaxAssociations(Integer n) { this.maxAssociations = n; }
    public Integer getMaxPduLength() { return maxPduLength; }
    public void setMaxPduLength(Integer n) { this.maxPduLength = n; }
    public Long getMaxObjectSize() { return maxObjectSize; }
    public void setMaxObjectSize(Long n) { this.maxObjectSize = n; }
    public String getAllowedCallingAets() { return allowedCallingAets; }
    public void setAllowedCallingAets(String s) { this.allowedCallingAets = s; }
    public String getCallingAet() { return callingAet; }
    public void setCallingAet(String s) { this.callingAet = s; }
    public Long getTimeout() { return timeout; }
    public void setTimeout(Long t) { this.timeout = t; }
    public boolean isTls() { return tls; }
    public void setTls(boolean tls) { this.tls = tls; }
    public String getKeyStore() { return keyStore; }
    public void setKeyStore(String s) { this.keyStore = s; }
    public String getKeyStorePassword() { return keyStorePassword; }
    public void setKeyStorePassword(String s) { this.keyStorePassword = s; }
    public String getKeyStoreType() { return keyStoreType; }
    public void setKeyStoreType(String s) { this.keyStoreType = s; }
    public String getTrustStore() { return trustStore; }
    public void setTrustStore(String s) { this.trustStore = s; }
    public String getTrustStorePassword() { return trustStorePassword; }
    public void setTrustStorePassword(String s) { this.trustStorePassword = s; }
    public String getTrustStoreType() { return trustStoreType; }
    public void setTrustStoreType(String s) { this.trustStoreType = s; }
    public boolean isClientAuth() { return clientAuth; }
    public void setClientAuth(boolean b) { this.clientAuth = b; }
}
