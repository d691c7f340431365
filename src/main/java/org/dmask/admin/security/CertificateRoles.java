package org.dmask.admin.security;

import io.quarkus.security.credential.CertificateCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Client certificates (mTLS on HTTPS): the subject's CN gets the roles {@code dmask.security.certificate-roles."CN"}
 * names; a CN not listed gets none, so it is authenticated but allowed nothing.
 */
@ApplicationScoped
public class CertificateRoles implements SecurityIdentityAugmentor {

    @Inject
    SecurityConfig config;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        CertificateCredential cert = identity.getCredential(CertificateCredential.class);
        if (cert == null || identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        String cn = commonName(cert.getCertificate().getSubjectX500Principal().getName());
        List<String> roles = cn == null ? null : config.certificateRoles().get(cn);
        if (roles == null || roles.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(
                roles.stream().map(String::strip).filter(UsersFile.ROLES::contains)
                        .collect(java.util.stream.Collectors.toSet())).build());
    }

    static String commonName(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
