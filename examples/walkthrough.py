# %% [markdown]
# # policy-stance walkthrough
# Annotate policy texts, look at claims and stances as a DataFrame and as highlighted text, then compare authors with
# honest intervals and plot their profiles. Run `make demo` first so the default model exists (or set
# `STANCE_MODEL` to another model directory).

# %%
from pathlib import Path

import stance
from stance.compare import compare_groups, profiles
from stance.report import plot_heatmap, plot_profiles

EXAMPLES = Path(stance.__file__).resolve().parent.parent / "examples" / "documents"
pipe = stance.load()
[t.id for t in pipe.targets_]

# %% [markdown]
# ## One text
# Calling the pipeline on a string returns an `Annotation`; in Jupyter it renders as the text with each claim
# highlighted by its strongest stance (hover for the scores).

# %%
result = pipe(
    "Sanctions must be enforced without exception. Talks should resume, but only at the working level.",
    author="Min-ji Park",
)
result  # noqa: B018 - a notebook cell shows its last value

# %%
result.to_frame()[["claim", "target", "label", "score"]]

# %% [markdown]
# ## Many documents
# `read_documents` streams files, folders, HTML, JSONL and CSV; `pipe.pipe` annotates them in order.

# %%
annotations = list(pipe.pipe(stance.read_documents([EXAMPLES])))
frame = stance.annotations_to_frame(annotations)
frame.groupby(["author", "target"])["label"].value_counts().unstack(fill_value=0)

# %% [markdown]
# ## Compare authors
# Net stance = (favor − against) / (favor + against). Each document has its own stance around its author's, so one
# short document leaves a wide 95% interval and many documents a narrow one. The model ships the confusion it
# measured on real prose (`confusion.json`); `method="auto"` corrects the shares for the classifier's errors with it
# (PACC) only where every label's row rests on enough claims, and otherwise counts labels (CC). The table's `attrs`
# say which ran and why; `method="pacc"` forces the correction.

# %%
from stance.quantify import read_confusion

model_dir = pipe.classifier.path_
confusion = read_confusion(model_dir) if (model_dir / "confusion.json").exists() else None
table = profiles(frame, confusion=confusion)
print(table.attrs)
table[["author", "target", "documents", "sided", "few_sided", "net", "net_low", "net_high"]].round(2)

# %%
compare_groups(frame, confusion=confusion, n_perm=500).round(3)

# %%
figure = plot_profiles(table)
heatmap = plot_heatmap(table)
