package agora.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import agora.auth.api.AuthEvents;
import agora.auth.api.AuthEvents.EmailVerified;
import agora.auth.api.AuthEvents.UserRegistered;
import agora.platform.contract.TerritoryCode;
import agora.platform.data.Database;
import agora.platform.events.EventScope;
import agora.platform.events.Outbox;

/**
 * Registration by invitation and email verification.
 *
 * <p>A registration hashes the password first (the slow part, ~50 ms), then in one short
 * transaction reserves a use of the invitation, creates the account, records the use and the
 * event and issues the verification token. The reservation is a conditional update, so however
 * many registrations race for an invitation, exactly its remaining uses succeed; a failure after
 * the reservation (the email is taken) rolls the reservation back with everything else.
 */
final class Registrations {
    private final Database database;
    private final Passwords hasher;
    private final Outbox outbox;
    private final VerificationMails mails;
    private final AuthConfig config;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Audit audit;

    Registrations(Database database, Passwords hasher, Outbox outbox, VerificationMails mails, AuthConfig config,
                  Clock clock, Supplier<UUID> ids, Audit audit) {
        this.audit = audit;
        this.database = database;
        this.hasher = hasher;
        this.outbox = outbox;
        this.mails = mails;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Creates an account with an invitation and mails its verification link.
     *
     * @return the new account
     * @throws agora.platform.core.problem.ProblemException invitation not found, expired, revoked or
     *         used up; email taken
     */
    Account register(TerritoryCode territory, NewAccount request) {
        String passwordHash = hasher.hash(request.password());
        byte[] invitationHash = Secrets.hash(request.invitation());
        String verificationToken = Secrets.token(Secrets.TOKEN_BYTES);
        UUID id = ids.get();
        Account account = database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            Invitation invitation = InvitationStore.reserve(db, invitationHash, now)
                    .orElseThrow(() -> Invitations.unusable(db, invitationHash, now));
            if (!Invitations.inviterActive(db, invitation)) {
                throw AuthProblems.problem(AuthProblems.INVITATION_REVOKED, "invitation.revoked");
            }
            Set<String> roles = invitation.role().map(Set::of).orElse(Set.of());
            if (!AccountStore.insert(db, id, request.email(), request.displayName(), passwordHash, roles,
                    Optional.of(invitation.id()), invitation.inviterId(), now)) {
                throw AuthProblems.problem(AuthProblems.EMAIL_TAKEN, "email.taken");
            }
            AccountStore.setLanguage(db, id, request.language());
            InvitationStore.recordUse(db, invitation.id(), id, now);
            audit.record(db, Optional.of(id), "auth.account.registered", Optional.of(id),
                    Map.of("invitation", invitation.id().toString()));
            VerificationStore.insert(db, Secrets.hash(verificationToken), id, request.email(),
                    now.plus(config.verificationLifetime()), now);
            outbox.append(db, EventScope.territory(territory), AuthEvents.USER_REGISTERED, id.toString(), 1,
                    new UserRegistered(id, invitation.id(), invitation.inviterId(), List.copyOf(roles),
                            Optional.of(request.displayName())));
            return AccountStore.find(db, id).orElseThrow();
        });
        mails.send(territory, request.email(), request.displayName(), verificationToken, request.language());
        return account;
    }

    /**
     * Confirms an address with the token from its mail.
     *
     * @return the account, now verified
     * @throws agora.platform.core.problem.ProblemException 400 {@code verification-invalid}
     */
    Account verify(TerritoryCode territory, String token) {
        byte[] hash = Secrets.hash(token);
        return database.inTerritory(territory, db -> {
            Instant now = clock.instant();
            VerificationStore.Pending pending = VerificationStore.find(db, hash)
                    .filter(found -> now.isBefore(found.expiresAt()))
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.VERIFICATION_INVALID, "verification.invalid"));
            Optional<Long> version = AccountStore.verify(db, pending.accountId(), pending.email(), now);
            VerificationStore.deleteFor(db, pending.accountId());
            if (version.isEmpty()) {
                // Already verified, or the account changed its address or was deleted since the mail.
                return AccountStore.find(db, pending.accountId())
                        .filter(Account::verified)
                        .orElseThrow(() -> AuthProblems.problem(AuthProblems.VERIFICATION_INVALID, "verification.invalid"));
            }
            outbox.append(db, EventScope.territory(territory), AuthEvents.EMAIL_VERIFIED,
                    pending.accountId().toString(), version.get(), new EmailVerified(pending.accountId()));
            return AccountStore.find(db, pending.accountId()).orElseThrow();
        });
    }

    /**
     * Sends a fresh verification link (earlier links stop working).
     *
     * @throws agora.platform.core.problem.ProblemException 409 {@code already-verified}
     */
    void resend(TerritoryCode territory, UUID accountId, Locale language) {
        String token = Secrets.token(Secrets.TOKEN_BYTES);
        Account account = database.inTerritory(territory, db -> {
            Account found = AccountStore.find(db, accountId)
                    .orElseThrow(() -> AuthProblems.problem(AuthProblems.ACCOUNT_NOT_FOUND, "account.not-found"));
            if (found.verified()) {
                throw AuthProblems.problem(AuthProblems.ALREADY_VERIFIED, "email.already-verified");
            }
            Instant now = clock.instant();
            VerificationStore.deleteFor(db, accountId);
            VerificationStore.insert(db, Secrets.hash(token), accountId, found.email().orElseThrow(),
                    now.plus(config.verificationLifetime()), now);
            return found;
        });
        mails.send(territory, account.email().orElseThrow(), account.displayName().orElseThrow(), token, language);
    }

    /**
     * What a registration needs, validated.
     *
     * @param invitation  the invitation token
     * @param email       the address
     * @param displayName the name
     * @param password    the password
     * @param language    the language of the verification mail (the request's)
     */
    record NewAccount(String invitation, String email, String displayName, String password, Locale language) {
    }
}
