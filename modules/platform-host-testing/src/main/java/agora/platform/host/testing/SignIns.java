package agora.platform.host.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import agora.platform.testing.Body;
import agora.platform.testing.TestClock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Accounts and sign-ins through the auth service's own routes, as a person or client does them:
 * the operator's bootstrap invitation, registration, the verification mail, two-factor enrolment
 * with an authenticator ({@link AuthenticatorApp}), invitations, login with the second step. Any service's tests
 * get signed-in admins and members from here instead of forking the steps.
 *
 * <p>Admins sign in with two-factor (their role needs it by default): the helper keeps each enrolled
 * account's TOTP secret and answers the login's second step with the next unused code, moving the
 * test clock to the next 30-second step when the current ones are used up, as a person would wait.
 */
public final class SignIns {
    private final TestHost host;
    private final TestClock clock;
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    private final Map<String, Long> usedSteps = new ConcurrentHashMap<>();

    SignIns(TestHost host, TestClock clock) {
        this.host = host;
        this.clock = clock;
    }

    /** A one-time territory-admin invitation from the operator listener. */
    public String bootstrapInvitation() {
        return host.operator().post("/operator/auth/territories/" + host.territory() + "/bootstrap-invitation", null)
                .expect(201).json().get("token").asText();
    }

    /**
     * Registers with an invitation; fails the test unless it answers 201.
     *
     * @param invitation the invitation token
     * @param email      the address
     * @param password   the password
     * @return the new account
     */
    public JsonNode register(String invitation, String email, String password) {
        return host.api().post("/api/auth/register", registration(invitation, email, password)).expect(201).json();
    }

    /**
     * A registration body, with a display name made from the address.
     *
     * @param invitation the invitation token
     * @param email      the address
     * @param password   the password
     * @return the body
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode registration(String invitation, String email,
                                                                             String password) {
        return Body.of("invitation", invitation, "email", email,
                "displayName", "Member " + email.substring(0, email.indexOf('@')), "password", password);
    }

    /**
     * Logs in, answering the second step with the next code for an account enrolled here; fails
     * the test unless the login gives tokens.
     *
     * @param email    the address
     * @param password the password
     * @return the login answer
     */
    public JsonNode login(String email, String password) {
        JsonNode answer = host.api().post("/api/auth/login", Body.of("email", email, "password", password))
                .expect(200).json();
        if (answer.path("twoFactorRequired").asBoolean(false)) {
            return host.api().post("/api/auth/login/two-factor", Body.of("challenge", answer.get("challenge").asText(),
                    "code", nextCode(email))).expect(200).json();
        }
        return answer;
    }

    /**
     * Turns two-factor sign-in on for a signed-in account and remembers its secret.
     *
     * @param email    the address
     * @param password the password
     * @param access   an access token of the account
     * @return the recovery codes
     */
    public List<String> enrol(String email, String password, String access) {
        JsonNode started = host.api().as(access).post("/api/auth/two-factor/totp", Body.of("password", password))
                .expect(200).json();
        secrets.put(email, AuthenticatorApp.base32(started.get("secret").asText()));
        JsonNode confirmed = host.api().as(access).post("/api/auth/two-factor/totp/confirm",
                Body.of("code", nextCode(email))).expect(200).json();
        List<String> codes = new ArrayList<>();
        confirmed.get("recoveryCodes").forEach(code -> codes.add(code.asText()));
        return codes;
    }

    /**
     * The TOTP secret of an account enrolled here.
     *
     * @param email the address
     * @return the secret
     */
    public byte[] secret(String email) {
        byte[] secret = secrets.get(email);
        if (secret == null) {
            throw new AssertionError("no account " + email + " was enrolled here");
        }
        return secret;
    }

    /**
     * The next code an enrolled account has not used: the current step's, else the next step's
     * (which the server accepts too), else the clock moves on to the next step.
     *
     * @param email the address
     * @return the code
     */
    public String nextCode(String email) {
        byte[] secret = secret(email);
        while (true) {
            long current = AuthenticatorApp.step(clock.instant());
            long used = usedSteps.getOrDefault(email, Long.MIN_VALUE);
            for (long step = current; step <= current + 1; step++) {
                if (step > used) {
                    usedSteps.put(email, step);
                    return AuthenticatorApp.code(secret, step, 6);
                }
            }
            clock.advance(Duration.ofSeconds(30 - clock.instant().getEpochSecond() % 30));
        }
    }

    /**
     * Confirms an address with the token of the newest mail to it.
     *
     * @param email the address
     */
    public void verify(String email) {
        host.api().post("/api/auth/email/verify", Body.of("token", host.mail().newestToken(email))).expect(200);
    }

    /** A verified territory admin with two-factor sign-in, signed in with it. */
    public Member admin() {
        String email = "admin-" + UUID.randomUUID() + "@example.org";
        JsonNode account = register(bootstrapInvitation(), email, Member.PASSWORD);
        verify(email);
        enrol(email, Member.PASSWORD, login(email, Member.PASSWORD).get("accessToken").asText());
        return new Member(UUID.fromString(account.get("id").asText()), email, login(email, Member.PASSWORD));
    }

    /**
     * A verified member invited by an admin, signed in.
     *
     * @param admin the inviter
     * @return the member
     */
    public Member member(Member admin) {
        String email = "member-" + UUID.randomUUID() + "@example.org";
        JsonNode account = register(invitation(admin, 1), email, Member.PASSWORD);
        verify(email);
        return new Member(UUID.fromString(account.get("id").asText()), email, login(email, Member.PASSWORD));
    }

    /**
     * An invitation's token, created by a member.
     *
     * @param inviter the inviter
     * @param maxUses how many may register with it
     * @return the token
     */
    public String invitation(Member inviter, int maxUses) {
        return host.api().as(inviter.access()).post("/api/auth/invitations", Body.of("maxUses", maxUses))
                .expect(201).json().get("token").asText();
    }

    /**
     * The same account signed in afresh: for tests that move the clock past its token's expiry.
     *
     * @param member the account
     * @return it, with new tokens
     */
    public Member signedInAgain(Member member) {
        return new Member(member.id(), member.email(), login(member.email(), Member.PASSWORD));
    }
}
