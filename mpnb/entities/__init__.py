"""One module per entity family: its models, its endpoint table and its Workspace mixin."""
