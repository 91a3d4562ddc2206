# A reward loop written in Python teaches a network a 2-armed task: a cue drives two motor
# populations, the more active one is the choice, and dopamine goes to the chosen arm's channel
# (reward if it was the right arm, punishment if not). Both assignments of the right arm are
# learnt, so what is learnt is the task, not a bias of the initial weights.
import numpy as np

import engram

ARMS = ("left", "right")


def bandit_network(seed):
    net = engram.Network(dt_ms=1.0, seed=seed)
    net.add(engram.poisson_source("cue", 0.0, n=20))
    for arm in ARMS:
        net.add(engram.izhikevich(arm, 10))
        net.add(engram.DopamineChannel(name=arm))
        net.add(engram.projection(f"cue_{arm}", "cue", arm, weight=engram.uniform(2.0, 6.0),
                                  plasticity=engram.rstdp(12.0, channel=arm, a_plus=0.2, a_minus=0.1, tau_e_ms=300.0)))
    net.add(engram.projection("left_right", "left", "right", weight=3.0, transmitter="gaba"))
    net.add(engram.projection("right_left", "right", "left", weight=3.0, transmitter="gaba"))
    return net


def trial(sim, rng, epsilon):
    """One presentation: rest, cue for 100 ms, the choice (epsilon-greedy on the spike counts)."""
    sim.reset(["cue", *ARMS])
    sim.clear_eligibility([f"cue_{a}" for a in ARMS])
    sim.reset_dopamine(list(ARMS))
    sim.set_rates("cue", np.full(20, 40.0))
    sim.run(100)
    sim.set_rates("cue", np.zeros(20))
    counts = np.array([sim.take_spike_counts(a).sum() for a in ARMS])
    greedy = int(rng.integers(2)) if counts[0] == counts[1] else int(np.argmax(counts))
    return int(rng.integers(2)) if rng.random() < epsilon else greedy


def learn(correct, seed=1, trials=60):
    sim = engram.Simulator(bandit_network(seed), backend="cpu", threads=1)
    rng = np.random.default_rng(seed)
    for k in range(trials):
        choice = trial(sim, rng, epsilon=max(0.0, 0.5 - k / trials))
        if choice == correct:
            sim.reward(1.0, ARMS[choice])
        else:
            sim.punish(1.0, ARMS[choice])
        sim.run(100)  # dopamine meets the eligibility of the cue's pairings
    for a in ARMS:
        sim.freeze(f"cue_{a}")
    picks = [trial(sim, rng, epsilon=0.0) for _ in range(20)]
    return sim, np.mean(np.array(picks) == correct)


def test_reward_loop_learns_either_arm():
    for correct in (0, 1):
        sim, accuracy = learn(correct)
        w = {a: sim.weights(f"cue_{a}").mean() for a in ARMS}
        assert accuracy >= 0.9, (correct, accuracy, w)
        assert w[ARMS[correct]] > w[ARMS[1 - correct]], w
