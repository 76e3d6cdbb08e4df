package org.capif.invoker.onboarding;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The ledger of spent onboarding credentials. */
@ApplicationScoped
public class UsedCredentialRepository implements PanacheRepositoryBase<UsedOnboardingCredential, String> {}
