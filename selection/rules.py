"""Selection permissions: HQ staff run selection (read and write); every view is also behind
`hq_view`, so anyone else gets 404."""
import rules

from core.access import is_hq_admin, is_hq_staff

rules.add_perm("selection.view", is_hq_staff)
rules.add_perm("selection.manage", is_hq_staff)
rules.add_perm("selection.decide", is_hq_staff)
rules.add_perm("selection.refresh_registry", is_hq_admin)
