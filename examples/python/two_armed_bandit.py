"""An R-STDP task loop in Python: a cue drives two motor populations, the more active one is the
choice, and dopamine goes to the chosen arm's own channel, reward when it pays and punishment
when it does not. The right arm pays with probability 0.8, the left with 0.2.
python3 two_armed_bandit.py [OUT_DIR]"""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import engram

ARMS = ("left", "right")
PAYS = (0.2, 0.8)

net = engram.Network(dt_ms=1.0, seed=7)
net.add(engram.poisson_source("cue", 0.0, n=20))
for arm in ARMS:
    net.add(engram.izhikevich(arm, 10))
    net.add(engram.DopamineChannel(name=arm))
    net.add(engram.projection(f"cue_{arm}", "cue", arm, weight=engram.uniform(2.0, 6.0),
                              plasticity=engram.rstdp(12.0, channel=arm, a_plus=0.2, a_minus=0.1, tau_e_ms=300.0)))
net.add(engram.projection("left_right", "left", "right", weight=3.0, transmitter="gaba"))
net.add(engram.projection("right_left", "right", "left", weight=3.0, transmitter="gaba"))
sim = engram.Simulator(net, backend="auto", threads=1)
rng = np.random.default_rng(7)

choices, weights = [], []
trials = 150
for k in range(trials):
    sim.reset(["cue", *ARMS])                       # rest between trials; weights stay
    sim.clear_eligibility([f"cue_{a}" for a in ARMS])
    sim.reset_dopamine(list(ARMS))
    sim.set_rates("cue", np.full(20, 40.0))
    sim.run(100)
    sim.set_rates("cue", np.zeros(20))
    counts = [sim.take_spike_counts(a).sum() for a in ARMS]
    choice = int(np.argmax(counts)) if counts[0] != counts[1] else int(rng.integers(2))
    if rng.random() < max(0.05, 0.5 * (1 - k / 75)):  # exploration, decaying
        choice = int(rng.integers(2))
    if rng.random() < PAYS[choice]:
        sim.reward(1.0, ARMS[choice])
    else:
        sim.punish(1.0, ARMS[choice])
    sim.run(100)                                     # dopamine meets the eligibility
    choices.append(choice)
    weights.append([sim.weights(f"cue_{a}").mean() for a in ARMS])

choices, weights = np.array(choices), np.array(weights)
for b in range(0, trials, 30):
    print(f"trials {b:3d}-{b + 29:3d}: right chosen {100 * choices[b:b + 30].mean():5.1f} %")
fig, ax = plt.subplots(1, 2, figsize=(9, 3.5))
ax[0].plot(np.convolve(choices, np.ones(10) / 10, mode="valid")), ax[0].set_ylim(0, 1)
ax[0].set_xlabel("trial"), ax[0].set_ylabel("P(right), 10-trial mean")
ax[1].plot(weights), ax[1].legend(ARMS), ax[1].set_xlabel("trial"), ax[1].set_ylabel("mean cue weight")
fig.tight_layout()
out = f"{sys.argv[1] if len(sys.argv) > 1 else 'out'}/two_armed_bandit.png"
fig.savefig(out, dpi=120)
print("learning curve:", out)
