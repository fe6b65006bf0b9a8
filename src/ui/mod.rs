//! The desktop app (eframe/egui): the only code that imports egui.
